//go:build !race

package robustness

// raceEnabled: this test binary runs with the race detector, and so does the
// manager binary it builds.
const raceEnabled = false
