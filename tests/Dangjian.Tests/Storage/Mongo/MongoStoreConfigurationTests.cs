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

    [Theory]
    [InlineData("dangjian", "s3cr3t")]
    // A password as a generator makes it: every character a URL would need encoded, taken as it is.
    [InlineData("api@prod", "p@ss:w/rd?#%2F&replicaSet=evil")]
    [InlineData("党建", "密码 with spaces")]
    public void A_configured_user_signs_in_with_the_password_as_it_is_against_the_authentication_database(string user, string password)
    {
        var settings = MongoDocumentStore.ClientSettings(new MongoStoreOptions
        {
            ConnectionString = "mongodb://mongo:27017/?replicaSet=rs0",
            Username = user,
            Password = password,
        });

        Assert.Equal(MongoDB.Driver.MongoCredential.CreateCredential("admin", user, password), settings.Credential);
        Assert.Equal("rs0", settings.ReplicaSetName);
        Assert.Equal([new MongoDB.Driver.MongoServerAddress("mongo", 27017)], settings.Servers);
    }

    [Fact]
    public void Without_a_user_the_connection_string_alone_decides()
    {
        var anonymous = MongoDocumentStore.ClientSettings(new MongoStoreOptions { ConnectionString = "mongodb://mongo:27017/?replicaSet=rs0" });
        var inline = MongoDocumentStore.ClientSettings(new MongoStoreOptions { ConnectionString = "mongodb://u:p%40ss@mongo:27017/?replicaSet=rs0&authSource=admin" });

        Assert.Null(anonymous.Credential);
        Assert.Equal(MongoDB.Driver.MongoCredential.CreateCredential("admin", "u", "p@ss"), inline.Credential);
        Assert.Equal(MongoDB.Driver.WriteConcern.WMajority.With(journal: true), inline.WriteConcern);
    }

    [Theory]
    [InlineData("mongodb://u:p@mongo:27017/?replicaSet=rs0", "api", "x", "admin", "set one of them")]
    [InlineData("mongodb://mongo:27017/?replicaSet=rs0", "api", "", "admin", "Dangjian__MongoDB__Password")]
    [InlineData("mongodb://mongo:27017/?replicaSet=rs0", "api", null, "admin", "Dangjian__MongoDB__Password")]
    [InlineData("mongodb://mongo:27017/?replicaSet=rs0", null, "x", "admin", "without Dangjian:MongoDB:Username")]
    [InlineData("mongodb://mongo:27017/?replicaSet=rs0", "api", "x", " ", "AuthenticationDatabase")]
    public void Credentials_that_cannot_mean_one_thing_stop_the_start_naming_the_setting(string connection, string? user, string? password, string source, string message)
    {
        using var host = Build(new()
        {
            ["Dangjian:Store"] = "mongodb",
            ["Dangjian:MongoDB:ConnectionString"] = connection,
            ["Dangjian:MongoDB:Username"] = user,
            ["Dangjian:MongoDB:Password"] = password,
            ["Dangjian:MongoDB:AuthenticationDatabase"] = source,
        });

        var e = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IDocumentStore>());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDangjianStore();
        return builder.Build();
    }
}
