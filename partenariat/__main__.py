"""``python -m partenariat`` runs the command line."""

from partenariat.cli import main

if __name__ == "__main__":
    main()
