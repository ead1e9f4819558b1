-- Batch assessment stores results faster (work in progress)
SELECT 1;
