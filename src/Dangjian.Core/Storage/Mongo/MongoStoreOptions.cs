namespace Dangjian.Core.Storage.Mongo;

/// <summary>
/// Settings under "Dangjian:MongoDB" (environment: <c>Dangjian__MongoDB__ConnectionString</c>,
/// <c>Dangjian__MongoDB__Database</c>). The deployment must be a replica set or a sharded cluster: every commit is a
/// multi-document transaction.
/// </summary>
public sealed class MongoStoreOptions
{
    public const string Section = "Dangjian:MongoDB";

    /// <summary>A standard MongoDB connection string, e.g. <c>mongodb://mongo:27017/?replicaSet=rs0</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database that holds every collection of the store.</summary>
    public string Database { get; set; } = "dangjian";

    /// <summary>
    /// The user the store signs in as (SCRAM), when the server has access control; none: the connection string's own
    /// credentials, if any. Apart from the connection string so that a password is taken as it is, with no URL-encoding.
    /// </summary>
    public string? Username { get; set; }

    /// <summary>The password of <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The database that holds <see cref="Username"/>'s definition (the compose deployment creates it in <c>admin</c>).</summary>
    public string AuthenticationDatabase { get; set; } = "admin";
}
