"""Models layer: pure functions of a scenario and a ``DataSource`` (regions, money, caseload and the three what-if models)."""
