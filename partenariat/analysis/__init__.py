"""Analyses: pure functions of a :class:`~partenariat.network.Network` with frozen results."""
