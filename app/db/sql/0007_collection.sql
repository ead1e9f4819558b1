-- Special collection: employers, change notices, collection schedules (issue 7)
SELECT 1;
