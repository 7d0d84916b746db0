"""Pages of reports and evaluations: bi-monthly reports, the annual review, member evaluation."""
