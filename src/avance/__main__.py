from avance.cli import main

main()
