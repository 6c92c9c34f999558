package awsstate

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-logr/logr/funcr"
)

// Where there are no credentials but a metadata service that refuses
// tokens, the SDK warns that it falls back to IMDSv1. The warning goes to
// the reader's log at V(1), not to standard error, and the reader stays
// off saying why.
func TestLoadConfigLogsTheSDKsWarnings(t *testing.T) {
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut { // the IMDSv2 token
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.WriteHeader(http.StatusNotFound)
	}))
	defer imds.Close()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
		"AWS_EC2_METADATA_DISABLED": "", "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.URL, "AWS_REGION": "us-east-1",
	} {
		t.Setenv(k, v)
	}
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
