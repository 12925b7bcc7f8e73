// sdk-gen: the Go and Python SDKs of a Pulumi package, generated from its schema by Pulumi's own
// code generators (github.com/pulumi/pulumi/pkg/v3 codegen/go and codegen/python, at the version
// the CLI is built from: pulumi-cli/go.mod, whose versions go.mod repeats so Go's build cache is
// shared) — what `pulumi package gen-sdk --language go|python` does through the official CLI's
// language hosts, which are not built here. The .NET generator left pkg/v3 in v3.229.0; its
// sibling is ../sdk-gen-dotnet.
//
// usage: sdk-gen go|python SCHEMA.json OUT-DIR
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "mytpe-links sdk-gen"

func main() {
	if len(os.Args) != 4 {
		fail(fmt.Errorf("usage: sdk-gen go|python SCHEMA.json OUT-DIR"))
	}
	language, schemaPath, out := os.Args[1], os.Args[2], os.Args[3]
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
	var files map[string][]byte
	switch language {
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, noPackages{})
	default:
		err = fmt.Errorf("unknown language %q: expected go or python", language)
	}
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

// noPackages is the loader of a schema that references no other package (as mytpe's): any
// reference to one is an error, and no plugin is ever started to find it.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q: sdk-gen loads none", name)
}

func (l noPackages) LoadPackageV2(_ context.Context, descriptor *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(descriptor.Name, nil)
}

func (l noPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema references package %q: sdk-gen loads none", name)
}

func (l noPackages) LoadPackageReferenceV2(_ context.Context, descriptor *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(descriptor.Name, nil)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "sdk-gen: %v\n", err)
	os.Exit(1)
}
