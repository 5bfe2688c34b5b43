using Dangjian.Api.GraphQL.Subscriptions;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Live;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.Subscriptions;

/// <summary>The notifier over a real SQLite store, and the bound of a subscription's pending events.</summary>
public sealed class ChangeNotifierTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private readonly Samples _samples = new();
    private SqliteDocumentStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_folder.Path, "dangjian.db") }, TimeProvider.System);
        await _store.InitializeAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task<T> InsertAsync<T>(T document) where T : Document
    {
        var result = await _store.CommitAsync(new Commit(DocumentWrite.Insert(document), ChangeAuthor.System), Ct);
        return (T)Assert.IsType<CommitResult.Committed>(result).Documents[0];
    }

    private static async Task DrainAsync(ChangeNotifier notifier)
    {
        while (await notifier.PollAsync(Ct) > 0)
        {
        }
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_is_dropped_and_hidden_changes_never_take_its_places()
    {
        var branch = await InsertAsync(_samples.Organization("火线党支部", kind: OrganizationKind.FrontLineBranch));
        var notifier = new ChangeNotifier(_store, batchSize: 3);
        await notifier.PollAsync(Ct); // starts at the end of the feed
        var sink = new SubscriptionSink(capacity: 2);
        var received = new List<string>();
        var stream = new ChangeStream(notifier, Caller.Anonymous, new HashSet<DocumentKind> { Kinds.Story }, change => ((Story)change.Document).Title, sink);
        using var subscription = stream.Subscribe(new Collecting(received));

        for (var i = 0; i < 5; i++)
            await InsertAsync(_samples.Story(branch.Id, $"待审的故事{i}", StoryStatus.Submitted));
        await DrainAsync(notifier);
        Assert.Empty(received);
        Assert.False(sink.Dropped.IsCompleted);

        await InsertAsync(_samples.Story(branch.Id, "公开的故事一"));
        await InsertAsync(_samples.Story(branch.Id, "公开的故事二"));
        await DrainAsync(notifier);
        Assert.Equal(["公开的故事一", "公开的故事二"], received);
        Assert.False(sink.Dropped.IsCompleted);

        // Neither event was sent (released) yet: a third finds no place.
        await InsertAsync(_samples.Story(branch.Id, "公开的故事三"));
        await DrainAsync(notifier);
        Assert.True(sink.Dropped.IsCompleted);
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task Each_change_is_delivered_as_its_own_version_with_the_one_before_and_subscribers_start_at_the_end()
    {
        var branch = await InsertAsync(_samples.Organization("火线党支部", kind: OrganizationKind.FrontLineBranch));
        var before = await InsertAsync(_samples.Story(branch.Id, "订阅之前的故事"));
        var notifier = new ChangeNotifier(_store);
        await notifier.PollAsync(Ct);
        var changes = new List<DocumentChange>();
        using var subscription = notifier.Subscribe(new Recording(changes));

        var story = await InsertAsync(_samples.Story(branch.Id, "初稿", StoryStatus.Submitted));
        await _store.CommitAsync(new Commit(new DocumentWrite(story with { Status = StoryStatus.InReview }, 1, "start_review"), ChangeAuthor.System), Ct);
        await _store.CommitAsync(new Commit(new DocumentWrite(story with { Status = StoryStatus.InReview, Title = "二稿" }, 2, "update"), ChangeAuthor.System), Ct);
        await DrainAsync(notifier);

        Assert.DoesNotContain(changes, c => c.Document.Id == before.Id);
        Assert.Equal(["create 1 初稿 SUBMITTED (none)", "start_review 2 初稿 IN_REVIEW (SUBMITTED)", "update 3 二稿 IN_REVIEW (IN_REVIEW)"],
            changes.Select(c => $"{c.Action} {c.Document.Version} {((Story)c.Document).Title} {EnumNames.ToConstant(((Story)c.Document).Status)} ({(c.Previous is Story p ? EnumNames.ToConstant(p.Status) : "none")})"));
    }

    private sealed class Collecting(List<string> received) : IObserver<object?>
    {
        public void OnNext(object? value) => received.Add((string)value!);

        public void OnError(Exception error) => throw error;

        public void OnCompleted()
        {
        }
    }

    private sealed class Recording(List<DocumentChange> changes) : IChangeSubscriber
    {
        public IReadOnlySet<DocumentKind> Kinds { get; } = new HashSet<DocumentKind> { Core.Documents.Kinds.Story };

        public bool Accepts(DocumentChange change) => true;

        public void Deliver(DocumentChange change) => changes.Add(change);
    }
}
