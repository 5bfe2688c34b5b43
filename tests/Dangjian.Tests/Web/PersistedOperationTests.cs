using System.Text.Json;
using Dangjian.Api.GraphQL.Operations;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Web;

/// <summary>The web app sends only persisted operations: every id its generated client holds is one the server accepts.</summary>
public sealed class PersistedOperationTests
{
    [Fact]
    public async Task Every_operation_the_web_app_can_send_is_known_to_the_server_by_the_same_id()
    {
        // Written by GraphQL Code Generator during the API's build (web/codegen.ts): id → the operation it typed.
        var generated = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.Path("web", "src", "gql", "persisted-documents.json"), TestContext.Current.CancellationToken))
            .RootElement.EnumerateObject().Select(p => p.Name).ToList();
        await using var api = new ApiHost();
        var catalog = api.Services.GetRequiredService<OperationCatalog>().Operations.Select(o => o.DocumentId).ToHashSet(StringComparer.Ordinal);

        var search = "sha256:" + OperationCatalog.HashOf(
            await File.ReadAllTextAsync(RepositoryFiles.Path("schema", "operations", "SearchDocuments.graphql"), TestContext.Current.CancellationToken));
        Assert.Contains(search, generated);
        Assert.All(generated, id => Assert.Contains(id, catalog));
        Assert.Equal(catalog.Count, generated.Count);
    }
}
