"""Figures, one module per domain: events, violence, aid, series, spatial, event study."""
