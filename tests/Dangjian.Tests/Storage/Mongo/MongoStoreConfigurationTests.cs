using Dangjian.Api.Infrastructure;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>Choosing the MongoDB store by configuration. Nothing here connects: the driver connects on first use.</summary>
public sealed class MongoStoreConfigurationTests
{
    [Fact]
    public void Store_mongodb_with_a_connection_string_gives_the_mongodb_store()
    {
        using var host = Build(new()
        {
            ["Dangjian:Store"] = "mongodb",
            ["Dangjian:MongoDB:ConnectionString"] = "mongodb://db.invalid:27017/?replicaSet=rs0",
            ["Dangjian:MongoDB:Database"] = "dangjian_prod",
        });

        var store = Assert.IsType<MongoDocumentStore>(host.Services.GetRequiredService<IDocumentStore>());
        Assert.Equal("dangjian_prod", store.DatabaseName);
    }

    [Fact]
    public void The_database_is_named_dangjian_unless_configured()
    {
        using var host = Build(new()
        {
            ["Dangjian:Store"] = "MongoDB",
            ["Dangjian:MongoDB:ConnectionString"] = "mongodb://db.invalid:27017/?replicaSet=rs0",
        });

        Assert.Equal("dangjian", Assert.IsType<MongoDocumentStore>(host.Services.GetRequiredService<IDocumentStore>()).DatabaseName);
    }

    [Fact]
    public void A_missing_connection_string_is_a_clear_error_naming_the_setting()
    {
        using var host = Build(new() { ["Dangjian:Store"] = "mongodb" });

        var e = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IDocumentStore>());
        Assert.Contains("Dangjian__MongoDB__ConnectionString", e.Message);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDangjianStore();
        return builder.Build();
    }
}
