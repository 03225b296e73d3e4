"""``freezesim bench``: the stack's speed measured side by side in one run, against goals from the issue tracker."""
