-- Salary report import and dependant checks (issue 6)
SELECT 1;
