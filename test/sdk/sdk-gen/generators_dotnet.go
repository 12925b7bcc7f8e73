//go:build dotnet

package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"

	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// The .NET generator of pkg/v3 v3.206.0 (go.dotnet.mod).
var generators = map[string]generator{
	"dotnet": func(pkg *schema.Package) (map[string][]byte, error) {
		// It downloads the package's logo for the NuGet package (pulumi's own, from the internet,
		// when the schema names none); this one is drawn here and served from a local port.
		logo, err := serveLogo()
		if err != nil {
			return nil, err
		}
		pkg.LogoURL = logo
		return dotnet.GeneratePackage(tool, pkg, nil, nil)
	},
}

// serveLogo serves a 64x64 logo on a local port for the rest of the run and returns its URL.
func serveLogo() (string, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := 0; x < 64; x++ {
		for y := 0; y < 64; y++ {
			img.Set(x, y, color.RGBA{R: 0x0b, G: 0x6e, B: 0x4f, A: 0xff})
		}
	}
	var encoded bytes.Buffer
	if err := png.Encode(&encoded, img); err != nil {
		return "", err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() {
		_ = http.Serve(listener, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(encoded.Bytes())
		}))
	}()
	return fmt.Sprintf("http://%s/logo.png", listener.Addr()), nil
}
