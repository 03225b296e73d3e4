from payment_mocks.serving import main

raise SystemExit(main("bank"))
