"""LHC monojets: pp → φφ + jet from the dark operators and the VLQ model, and the ATLAS 139 fb⁻¹ recast."""
