no results for 1900
no results for 1900
latest year 2025 of 2024, 2025
no year at all
