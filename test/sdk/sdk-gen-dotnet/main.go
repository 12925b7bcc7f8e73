// sdk-gen-dotnet: the .NET SDK of a Pulumi package, generated from its schema by Pulumi's own .NET
// code generator. That generator left github.com/pulumi/pulumi/pkg/v3 in v3.229.0 for
// github.com/pulumi/pulumi-dotnet, which the Go module proxy does not serve here; this program
// builds it from pkg/v3 v3.206.0, the version the YAML language host already pins
// (pulumi-cli/language-yaml/go.mod, whose versions go.mod repeats), so no other module is fetched.
// Its Go and Python sibling is ../sdk-gen.
//
// usage: sdk-gen-dotnet SCHEMA.json OUT-DIR
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/blang/semver"

	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "mytpe-links sdk-gen-dotnet"

func main() {
	if len(os.Args) != 3 {
		fail(fmt.Errorf("usage: sdk-gen-dotnet SCHEMA.json OUT-DIR"))
	}
	schemaPath, out := os.Args[1], os.Args[2]
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		fail(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		fail(fmt.Errorf("%s: %w", schemaPath, err))
	}
	// Validated as `pulumi package gen-sdk` validates it: every diagnostic is an error here.
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		fail(err)
	}
	if diags.HasErrors() {
		fail(diags)
	}
	// The generator downloads the package's logo for the NuGet package (pulumi's own when the schema
	// names none, from the internet); this one is drawn here and served from a local port.
	logo, err := serveLogo()
	if err != nil {
		fail(err)
	}
	pkg.LogoURL = logo
	files, err := dotnet.GeneratePackage(tool, pkg, nil, nil)
	if err != nil {
		fail(err)
	}
	for name, content := range files {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			fail(err)
		}
	}
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

// noPackages is the loader of a schema that references no other package (as mytpe's): any
// reference to one is an error, and no plugin is ever started to find it.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q: sdk-gen-dotnet loads none", name)
}

func (l noPackages) LoadPackageV2(_ context.Context, descriptor *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(descriptor.Name, nil)
}

func (l noPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q: sdk-gen-dotnet loads none", name)
}

func (l noPackages) LoadPackageReferenceV2(_ context.Context, descriptor *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(descriptor.Name, nil)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "sdk-gen-dotnet: %v\n", err)
	os.Exit(1)
}
