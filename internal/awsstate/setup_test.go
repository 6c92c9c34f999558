package awsstate

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/go-logr/logr/funcr"

	"github.com/lbo-dev/lbo/internal/awsfake"
)

// Where there are no credentials but a metadata service that refuses
// tokens, the SDK warns that it falls back to IMDSv1. The warning goes to
// the reader's log at V(1), not to standard error, and the reader stays
// off saying why.
func TestLoadConfigLogsTheSDKsWarnings(t *testing.T) {
	awsfake.NoCredentials(t)
	t.Setenv("AWS_REGION", "us-east-1")
	var mu sync.Mutex
	var logged []string
	log := funcr.New(func(prefix, args string) {
		mu.Lock()
		defer mu.Unlock()
		logged = append(logged, fmt.Sprint(prefix, args))
	}, funcr.Options{Verbosity: 1})

	_, ok, why, err := LoadConfig(context.Background(), Options{Mode: ModeAuto, Log: log})
	if err != nil || ok || !strings.HasPrefix(why, "no AWS credentials") {
		t.Fatalf("LoadConfig without credentials: ok=%v, why %q, err %v", ok, why, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(logged, "\n"), "falling back to IMDSv1") {
		t.Errorf("the SDK's warning is not in the log:\n%s", strings.Join(logged, "\n"))
	}
}
