-- Assessment work: returns, proposals with maker-checker, corrections, reductions (issue 6)
SELECT 1;
