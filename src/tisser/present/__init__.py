"""How things are shown: labels, dates, plurals, money shared by CLI, web, report and mail."""
