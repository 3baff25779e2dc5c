from concession_gis.cli import main

raise SystemExit(main())
