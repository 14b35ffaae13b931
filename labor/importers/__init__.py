"""Excel uploads of the labour app (rosters, attendance grids, survey responses): each read by
`portal.excel` through `labor.importers.reading`, checked in full, written in one transaction."""
