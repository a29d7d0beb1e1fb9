"""Runners: label many issues, writing per-issue results and tables that agree with them."""
