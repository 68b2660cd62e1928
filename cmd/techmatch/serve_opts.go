package main

import (
	"flag"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/techmatch/techmatch/api"
)

// serveFlags are serve's operational settings: logging, abuse limits,
// proxies and timeouts.
type serveFlags struct {
	logFormat, logLevel, trustProxy *string
	limits                          api.Limits
	readTimeout, writeTimeout, idle *time.Duration
}

func serveOptions(fs *flag.FlagSet) *serveFlags {
	o := &serveFlags{limits: api.DefaultLimits}
	o.logFormat = fs.String("log-format", envOr("TECHMATCH_LOG_FORMAT", "text"), "log format: text or json (one line per request either way)")
	o.logLevel = fs.String("log-level", "info", "log level: debug, info, warn or error")
	fs.IntVar(&o.limits.Writes, "limit-writes", api.DefaultLimits.Writes, "writes per minute allowed each token and each client address (0: no limit)")
	fs.IntVar(&o.limits.Searches, "limit-searches", api.DefaultLimits.Searches, "searches per minute allowed each token and each client address (0: no limit)")
	fs.IntVar(&o.limits.Matches, "limit-matches", api.DefaultLimits.Matches, "match, match-list and schedule requests per minute allowed each token and each address (0: no limit)")
	fs.IntVar(&o.limits.Burst, "limit-burst", 0, "requests of a class allowed at once before the rate applies (0: half a minute's worth)")
	o.trustProxy = fs.String("trust-proxy", "", "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For names the client (default: none, the header is ignored)")
	o.readTimeout = fs.Duration("read-timeout", 30*time.Second, "longest time to read a request")
	o.writeTimeout = fs.Duration("write-timeout", 60*time.Second, "longest time to write an answer")
	o.idle = fs.Duration("idle-timeout", 60*time.Second, "longest time a keep-alive connection may wait for its next request")
	return o
}

// config returns the logger and the server configuration the flags ask for.
func (o *serveFlags) config(stderr io.Writer) (*slog.Logger, api.Config, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(*o.logLevel)); err != nil {
		return nil, api.Config{}, usageError{"serve: --log-level must be debug, info, warn or error"}
	}
	hopts := &slog.HandlerOptions{Level: level}
	var log *slog.Logger
	switch strings.ToLower(*o.logFormat) {
	case "text":
		log = slog.New(slog.NewTextHandler(stderr, hopts))
	case "json":
		log = slog.New(slog.NewJSONHandler(stderr, hopts))
	default:
		return nil, api.Config{}, usageError{"serve: --log-format must be text or json"}
	}
	if o.limits.Writes < 0 || o.limits.Searches < 0 || o.limits.Matches < 0 || o.limits.Burst < 0 {
		return nil, api.Config{}, usageError{"serve: rate limits must be 0 (off) or more"}
	}
	var proxies []string
	if *o.trustProxy != "" {
		proxies = strings.Split(*o.trustProxy, ",")
	}
	trusted, err := api.ParseTrustedProxies(proxies)
	if err != nil {
		return nil, api.Config{}, usageError{"serve: --trust-proxy: " + err.Error()}
	}
	return log, api.Config{
		Logger:         log,
		Limits:         o.limits,
		TrustedProxies: trusted,
		ReadTimeout:    *o.readTimeout,
		WriteTimeout:   *o.writeTimeout,
		IdleTimeout:    *o.idle,
	}, nil
}
