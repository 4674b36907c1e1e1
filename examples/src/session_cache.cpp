// Filled in with the check that finds this family.
