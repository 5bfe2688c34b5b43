using System.Net;
using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Subscriptions;

/// <summary>
/// Live subscriptions through real clients: graphql-transport-ws over TestServer's WebSocket and GraphQL over SSE
/// over HTTP, against the in-process host, fed from the store's change feed (so also from a second host).
/// </summary>
public sealed class SubscriptionTests
{
    private readonly Samples _samples = new();

    private static string Global(string type, string id) => GlobalId.Encode(type, id);

    private static async Task<JsonElement> MutateAsync(ApiHost host, string mutation, string resultField, object input, string token, string fields = "id version status")
    {
        var type = char.ToUpperInvariant(mutation[0]) + mutation[1..] + "Input";
        var response = await host.QueryAsync(
            $"mutation($input: {type}!) {{ {mutation}(input: $input) {{ {resultField} {{ {fields} }} errors {{ ... on Error {{ code message }} }} }} }}",
            new { input }, token);
        var payload = response.Ok().GetProperty(mutation);
        Assert.True(payload.GetProperty("errors").ValueKind == JsonValueKind.Null, $"Unexpected errors: {payload}");
        return payload.GetProperty(resultField);
    }

    [Fact]
    public async Task A_directive_published_through_a_second_host_over_the_same_store_reaches_a_WebSocket_subscriber_of_the_first()
    {
        await using var first = new ApiHost();
        await using var second = new ApiHost(dataDirectory: first.DataDirectory, settings: new Dictionary<string, string?> { ["Dangjian:Search:IndexDirectory"] = "index-second" });
        var issuer = await first.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        var draft = await first.InsertAsync(_samples.Directive(issuer.Id, "关于进一步做好疫情防控工作的通知", DirectiveStatus.Draft));
        await LiveWaits.CaughtUpAsync(first);
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(first);
        await client.SubscribeAsync("published", "subscription { directivePublished { id title status issuer { name } } }");
        await LiveWaits.SubscribedAsync(first);

        await MutateAsync(second, "publishDirective", "directive", new { id = Global("Directive", draft.Id), expectedVersion = 1 }, second.Token(Role.Editor));

        var published = (await client.NextDataAsync("published")).GetProperty("directivePublished");
        Assert.Equal(Global("Directive", draft.Id), published.GetProperty("id").GetString());
        Assert.Equal("关于进一步做好疫情防控工作的通知", published.GetProperty("title").GetString());
        Assert.Equal("PUBLISHED", published.GetProperty("status").GetString());
        Assert.Equal("中共娄底市直属机关工作委员会", published.GetProperty("issuer").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_review_queue_follows_the_workflow_of_its_organisation_only_and_a_token_in_connection_init_counts()
    {
        await using var host = new ApiHost();
        var root = await host.InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        var hospital = await host.InsertAsync(_samples.Organization("中心医院党委", parent: root.Id));
        var ward = await host.InsertAsync(_samples.Organization("发热门诊火线党支部", parent: hospital.Id, ancestors: [root.Id, hospital.Id], kind: OrganizationKind.FrontLineBranch));
        var school = await host.InsertAsync(_samples.Organization("一中党支部", parent: root.Id, kind: OrganizationKind.Branch));
        await LiveWaits.CaughtUpAsync(host);
        var editor = host.Token(Role.Editor, subject: "editor-zhao");
        await using var queue = await GraphQLWebSocketClient.InitialisedAsync(host, editor);
        await queue.SubscribeAsync("queue", "subscription($org: ID) { storyWorkflowChanged(organizationId: $org) { from to action story { title status submittingOrganization { name } } } }",
            new { org = Global("Organization", hospital.Id) });
        await LiveWaits.SubscribedAsync(host);

        // A story of another organisation first: the queue must not show it.
        await MutateAsync(host, "submitStory", "story", new { submittingOrganizationId = Global("Organization", school.Id), title = "一中的故事", body = "别处的故事。" }, editor);
        var submitted = await MutateAsync(host, "submitStory", "story", new { submittingOrganizationId = Global("Organization", ward.Id), title = "方舱里的一堂党课", body = "发热门诊火线党支部讲党课。" }, editor);
        await MutateAsync(host, "startStoryReview", "story", new { id = submitted.GetProperty("id").GetString(), expectedVersion = 1 }, editor);

        var first = (await queue.NextDataAsync("queue")).GetProperty("storyWorkflowChanged");
        Assert.Equal("方舱里的一堂党课", first.GetProperty("story").GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("from").ValueKind);
        Assert.Equal("SUBMITTED", first.GetProperty("to").GetString());
        Assert.Equal("发热门诊火线党支部", first.GetProperty("story").GetProperty("submittingOrganization").GetProperty("name").GetString());
        var second = (await queue.NextDataAsync("queue")).GetProperty("storyWorkflowChanged");
        Assert.Equal("SUBMITTED", second.GetProperty("from").GetString());
        Assert.Equal("IN_REVIEW", second.GetProperty("to").GetString());
        Assert.Equal("IN_REVIEW", second.GetProperty("story").GetProperty("status").GetString());
    }

    /// <summary>
    /// The differential check: what an anonymous subscriber receives is the same whether or not hidden stories were
    /// submitted, moved and edited meanwhile (same messages, in the same order, up to a marker), while an editor on the
    /// same host receives the hidden changes, which shows they happened and were delivered to someone.
    /// </summary>
    [Fact]
    public async Task An_anonymous_subscriber_receives_the_same_whether_or_not_hidden_stories_changed()
    {
        var without = await AnonymousStreamAsync(withHiddenChanges: false);
        var with = await AnonymousStreamAsync(withHiddenChanges: true);

        Assert.Equal(["STORY CREATE 公开的故事 PUBLISHED", "STORY CREATE 标记 PUBLISHED"], without);
        Assert.Equal(without, with);
    }

    private async Task<List<string>> AnonymousStreamAsync(bool withHiddenChanges)
    {
        await using var host = new ApiHost();
        var branch = await host.InsertAsync(_samples.Organization("火线党支部", kind: OrganizationKind.FrontLineBranch));
        await LiveWaits.CaughtUpAsync(host);
        const string Subscription = "subscription { documentChanged(kinds: [STORY, DIRECTIVE]) { kind action document { ... on Story { title status } ... on Directive { title directiveStatus: status } } } }";
        await using var anonymous = await GraphQLWebSocketClient.InitialisedAsync(host);
        await anonymous.SubscribeAsync("all", Subscription);
        await using var editor = await GraphQLWebSocketClient.InitialisedAsync(host, host.Token(Role.Editor));
        await editor.SubscribeAsync("all", Subscription);
        await LiveWaits.SubscribedAsync(host, 2);

        if (withHiddenChanges)
        {
            var hidden = await host.InsertAsync(_samples.Story(branch.Id, "待审的故事", StoryStatus.Submitted));
            await host.InsertAsync(_samples.Story(branch.Id, "被退回的故事", StoryStatus.Rejected));
            await host.InsertAsync(_samples.Directive(branch.Id, "通知草稿", DirectiveStatus.Draft));
            await MutateAsync(host, "startStoryReview", "story", new { id = Global("Story", hidden.Id), expectedVersion = 1 }, host.Token(Role.Editor));
        }
        await host.InsertAsync(_samples.Story(branch.Id, "公开的故事"));
        await host.InsertAsync(_samples.Story(branch.Id, "标记"));

        var received = new List<string>();
        while (received.LastOrDefault()?.Contains("标记", StringComparison.Ordinal) != true)
        {
            var changed = (await anonymous.NextDataAsync("all")).GetProperty("documentChanged");
            var document = changed.GetProperty("document");
            received.Add($"{changed.GetProperty("kind").GetString()} {changed.GetProperty("action").GetString()} {document.GetProperty("title").GetString()} {(document.TryGetProperty("status", out var status) ? status : document.GetProperty("directiveStatus")).GetString()}");
        }

        var editorSaw = new List<string>();
        while (editorSaw.LastOrDefault() != "标记")
            editorSaw.Add((await editor.NextDataAsync("all")).GetProperty("documentChanged").GetProperty("document").GetProperty("title").GetString()!);
        Assert.Equal(withHiddenChanges ? ["待审的故事", "被退回的故事", "通知草稿", "待审的故事", "公开的故事", "标记"] : ["公开的故事", "标记"], editorSaw);
        return received;
    }

    [Fact]
    public async Task Documents_by_id_over_server_sent_events_and_a_query_over_an_event_stream()
    {
        await using var host = new ApiHost();
        var branch = await host.InsertAsync(_samples.Organization("火线党支部", kind: OrganizationKind.FrontLineBranch));
        var watched = await host.InsertAsync(_samples.ActivityLog(branch.Id, "就近就便开展组织生活"));
        var other = await host.InsertAsync(_samples.ActivityLog(branch.Id, "别的活动"));
        await LiveWaits.CaughtUpAsync(host);
        await using var stream = await SseClient.PostAsync(host,
            "subscription($ids: [ID!]) { documentChanged(ids: $ids) { kind version document { id ... on ActivityLog { title participantCount } } } }",
            new { ids = new[] { Global("ActivityLog", watched.Id) } });
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        await LiveWaits.SubscribedAsync(host);

        await host.Store.CommitAsync(new Dangjian.Core.Storage.Commit(new Dangjian.Core.Storage.DocumentWrite(other with { ParticipantCount = 99 }, 1, "correct"),
            new Dangjian.Core.Storage.ChangeAuthor("test")), TestContext.Current.CancellationToken);
        await host.Store.CommitAsync(new Dangjian.Core.Storage.Commit(new Dangjian.Core.Storage.DocumentWrite(watched with { ParticipantCount = 30 }, 1, "correct"),
            new Dangjian.Core.Storage.ChangeAuthor("test")), TestContext.Current.CancellationToken);

        var (name, data) = await stream.ReceiveAsync();
        Assert.Equal("next", name);
        var changed = JsonDocument.Parse(data).RootElement.GetProperty("data").GetProperty("documentChanged");
        Assert.Equal("ACTIVITY_LOG", changed.GetProperty("kind").GetString());
        Assert.Equal(2, changed.GetProperty("version").GetInt32());
        Assert.Equal(30, changed.GetProperty("document").GetProperty("participantCount").GetInt32());

        await using var query = await SseClient.PostAsync(host, "{ activityLogs(first: 5) { totalCount } }");
        var result = await query.ReceiveAsync();
        Assert.Equal("next", result.Event);
        Assert.Equal(2, JsonDocument.Parse(result.Data).RootElement.GetProperty("data").GetProperty("activityLogs").GetProperty("totalCount").GetInt32());
        Assert.Equal("complete", (await query.ReceiveAsync()).Event);
    }

    [Fact]
    public async Task A_plain_POST_refuses_a_subscription_with_a_code_and_GET_streams_never_carry_mutations()
    {
        await using var host = new ApiHost();
        var response = await host.QueryAsync("subscription { directivePublished { title } }");
        Assert.Equal(["STREAMING_TRANSPORT_REQUIRED"], response.ErrorCodes);

        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("mutation { archiveStory(input: { id: \"x\", expectedVersion: 1 }) { story { id } } }"));
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("GraphQL-Require-Preflight", "1");
        using var refused = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Contains("METHOD_NOT_ALLOWED", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queries_and_mutations_over_a_WebSocket_answer_once_and_complete_and_refusals_are_error_messages()
    {
        await using var host = new ApiHost();
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(host);
        await client.SubscribeAsync("q", "{ organizations(first: 1) { totalCount } }");
        Assert.Equal(0, (await client.NextDataAsync("q")).GetProperty("organizations").GetProperty("totalCount").GetInt32());
        Assert.Equal("complete", (await client.ReceiveAsync()).Type);

        await client.SubscribeAsync("bad", "subscription { noSuchField }");
        var error = await client.ReceiveAsync();
        Assert.Equal("error", error.Type);
        Assert.Equal("bad", error.Message.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Array, error.Message.GetProperty("payload").ValueKind);

        await client.SubscribeAsync("ids", "subscription { documentChanged(ids: [\"not-an-id\"]) { kind } }");
        var invalid = await client.NextDataOrErrorsAsync("ids");
        Assert.Contains("INVALID_ID", invalid, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", 4400)]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"subscription { directivePublished { title } }\"}}", 4401)]
    [InlineData("{\"type\":\"no_such_type\"}", 4400)]
    [InlineData("[1, 2]", 4400)]
    public async Task A_protocol_violation_closes_the_socket_with_its_code(string message, int code)
    {
        await using var host = new ApiHost();
        await using var client = await GraphQLWebSocketClient.ConnectAsync(host);
        await client.SendTextAsync(message);
        Assert.Equal(code, (await client.ReceiveAsync()).CloseCode);
    }

    [Fact]
    public async Task Connection_init_is_checked_once_with_its_token_within_its_timeout_and_the_subprotocol_is_required()
    {
        await using var host = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:Subscriptions:ConnectionInitTimeout"] = "00:00:00.2" });

        await using (var twice = await GraphQLWebSocketClient.InitialisedAsync(host))
        {
            await twice.SendAsync(new { type = "connection_init" });
            Assert.Equal(4429, (await twice.ReceiveAsync()).CloseCode);
        }
        await using (var forged = await GraphQLWebSocketClient.ConnectAsync(host))
        {
            await forged.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged" } });
            var closed = await forged.ReceiveAsync();
            Assert.Equal(4403, closed.CloseCode);
        }
        await using (var silent = await GraphQLWebSocketClient.ConnectAsync(host))
            Assert.Equal(4408, (await silent.ReceiveAsync()).CloseCode);
        await using (var noProtocol = await GraphQLWebSocketClient.ConnectAsync(host, subprotocol: null))
            Assert.Equal(4406, (await noProtocol.ReceiveAsync()).CloseCode);
    }

    [Fact]
    public async Task Subscriptions_are_bounded_per_connection_and_ids_are_unique()
    {
        await using var host = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:Subscriptions:MaxSubscriptionsPerConnection"] = "1" });
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(host);
        await client.SubscribeAsync("a", "subscription { directivePublished { title } }");
        await LiveWaits.SubscribedAsync(host);
        await client.SubscribeAsync("b", "subscription { directivePublished { title } }");
        var refused = await client.ReceiveAsync();
        Assert.Equal("error", refused.Type);
        Assert.Equal("TOO_MANY_SUBSCRIPTIONS", refused.Message.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());

        await client.SubscribeAsync("a", "subscription { directivePublished { title } }");
        Assert.Equal(4409, (await client.ReceiveAsync()).CloseCode);
    }

    [Fact]
    public async Task A_message_over_the_body_limit_closes_the_socket_as_too_big()
    {
        await using var host = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:MaxBodyBytes"] = "2000" });
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(host);
        await client.SubscribeAsync("big", "{ " + new string('a', 5000) + " }");
        Assert.Equal(1009, (await client.ReceiveAsync()).CloseCode);
    }

    [Fact]
    public async Task A_client_that_never_answers_pings_is_closed_as_idle()
    {
        await using var host = new ApiHost(settings: new Dictionary<string, string?>
        {
            ["Dangjian:Subscriptions:KeepAliveInterval"] = "00:00:00.05",
            ["Dangjian:Subscriptions:IdleTimeout"] = "00:00:00.2",
        });
        await using var client = await GraphQLWebSocketClient.InitialisedAsync(host);
        Assert.Equal(4504, (await client.ReceiveUnansweredAsync()).CloseCode);
    }

    [Fact]
    public async Task The_header_token_of_the_upgrade_counts_when_connection_init_carries_none()
    {
        await using var host = new ApiHost();
        var branch = await host.InsertAsync(_samples.Organization("火线党支部", kind: OrganizationKind.FrontLineBranch));
        await LiveWaits.CaughtUpAsync(host);
        await using var client = await GraphQLWebSocketClient.ConnectAsync(host, headerToken: host.Token(Role.Editor));
        await client.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (await client.ReceiveAsync()).Type);
        await client.SubscribeAsync("s", "subscription { storyWorkflowChanged { to story { title } } }");
        await LiveWaits.SubscribedAsync(host);
        await host.InsertAsync(_samples.Story(branch.Id, "待审的故事", StoryStatus.Submitted));
        Assert.Equal("待审的故事", (await client.NextDataAsync("s")).GetProperty("storyWorkflowChanged").GetProperty("story").GetProperty("title").GetString());
    }
}
