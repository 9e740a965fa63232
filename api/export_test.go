package api

// PageParameters are the query parameters each page reads (leniently:
// others are ignored), for the contract test to hold against the document.
var PageParameters = map[string][]string{
	"/": pageParams, "/embed": pageParams, "/planner": plannerParams,
	"/courses/{id}": detailParams, "/sites/{id}": detailParams,
}
