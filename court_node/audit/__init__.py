"""The audit trail: every action, request and result, hash-chained so that an edited record shows."""
