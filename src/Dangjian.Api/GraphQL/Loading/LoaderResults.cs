using GraphQL.DataLoader;

namespace Dangjian.Api.GraphQL.Loading;

public static class LoaderResults
{
    /// <summary>Maps a pending result without awaiting it, so it stays in the executor's batch.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> source, Func<T, TResult> map) =>
        new Mapped<T, TResult>(source, map);

    /// <summary>A result that is already known.</summary>
    public static IDataLoaderResult<T> Value<T>(T value) => new Done<T>(value);

    /// <summary>A result that is already known to be nothing.</summary>
    public static IDataLoaderResult<T?> Null<T>() => new Done<T?>(default);

    private sealed class Done<T>(T value) : IDataLoaderResult<T>
    {
        public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);

        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(value);
    }

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> source, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await source.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
