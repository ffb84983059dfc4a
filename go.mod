module github.com/iisconf/iisconf

go 1.26.0

require (
	github.com/andybalholm/brotli v1.2.8
	github.com/evanw/esbuild v0.28.2
	github.com/syumai/workers v0.33.0
	github.com/tdewolff/minify/v2 v2.24.25
	github.com/tdewolff/parse/v2 v2.8.20
)

require golang.org/x/sys v0.49.0 // indirect

tool github.com/syumai/workers/cmd/workers-assets-gen
