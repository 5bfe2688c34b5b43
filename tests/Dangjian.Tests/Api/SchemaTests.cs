using Dangjian.Api.Cli;
using Dangjian.Api.GraphQL;
using Dangjian.Tests.Support;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Api;

public sealed class SchemaTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public void The_committed_schema_file_matches_the_code()
    {
        var schema = _api.Services.GetRequiredService<DangjianSchema>();
        var actual = SchemaCommand.Print(schema);
        var path = RepositoryFiles.Path("schema", "schema.graphql");
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";

        Assert.True(committed == actual,
            "schema/schema.graphql differs from the schema the code builds. Regenerate it with:\n" +
            "  dotnet run --project src/Dangjian.Api -- schema --output schema/schema.graphql\n" +
            "and review the difference: it is the front-end teams' contract.");
    }

    [Fact]
    public void Every_type_field_argument_and_enum_value_has_a_description()
    {
        var schema = _api.Services.GetRequiredService<DangjianSchema>();
        schema.Initialize();
        var missing = new List<string>();
        foreach (var type in schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal)))
        {
            if (type is ScalarGraphType && type.Name is "String" or "Int" or "Boolean" or "ID" or "Float")
                continue;
            if (string.IsNullOrWhiteSpace(type.Description))
                missing.Add(type.Name);
            if (type is IComplexGraphType complex)
            {
                foreach (var field in complex.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Description))
                        missing.Add($"{type.Name}.{field.Name}");
                    foreach (var argument in field.Arguments ?? [])
                    {
                        if (string.IsNullOrWhiteSpace(argument.Description))
                            missing.Add($"{type.Name}.{field.Name}({argument.Name})");
                    }
                }
            }
            if (type is EnumerationGraphType enumeration)
                missing.AddRange(enumeration.Values.Where(v => string.IsNullOrWhiteSpace(v.Description)).Select(v => $"{type.Name}.{v.Name}"));
        }

        Assert.Empty(missing);
    }
}
