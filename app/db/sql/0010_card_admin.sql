-- Card administration from the screen (issue 5)
SELECT 1;
