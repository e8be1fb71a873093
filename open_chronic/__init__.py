"""Open Chronic: care pathways of chronic patients from SNDS claims, published anonymized."""
