"""The adapter contract: one suite every provider adapter passes, run against each real provider."""
