package export

// TestSchedule gives the external tests (package export_test) the fixture.
var TestSchedule = testSchedule
