"""Provider adapters: one per dialect, behind one small interface, chosen by configuration."""
