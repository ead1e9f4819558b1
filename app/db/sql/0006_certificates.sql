-- Certificates at the counter: requests, issuance ledger, verification (issue 8)
SELECT 1;
