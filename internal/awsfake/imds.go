package awsfake

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
)

// T is the part of *testing.T NoCredentials uses.
type T interface {
	Helper()
	Cleanup(func())
	Setenv(key, value string)
}

// NoCredentials makes the SDK's default chain find no credentials for the
// rest of the test, ending at an EC2 metadata service that answers but
// refuses IMDSv2 tokens and has no instance role: where the SDK warns that
// it falls back to IMDSv1. It returns how many requests that service got.
func NoCredentials(t T) (imdsCalls func() int32) {
	t.Helper()
	var calls atomic.Int32
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method == http.MethodPut { // the IMDSv2 token
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(imds.Close)
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
		"AWS_EC2_METADATA_DISABLED": "", "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.URL,
	} {
		t.Setenv(k, v)
	}
	return calls.Load
}
