pytest_plugins = ["tests.postgres_fixtures"]
