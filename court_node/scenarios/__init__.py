"""Scenario files: YAML stories of enforcement steps with expectations, run on a fresh stack each.

``parse.load_file(path)`` reads and checks a file (``ScenarioError`` names the line of any problem);
``runner.run_scenario(scenario, seed)`` runs it; ``report``, ``junit`` and ``shipped`` (the sample files)
serve ``freezesim scenario run|list|show``. The format: docs/scenarios.md.
"""
