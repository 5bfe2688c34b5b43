using System.Security.Cryptography;
using Dangjian.Api.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Dangjian.Api.Auth;

/// <summary>
/// The key tokens are signed with: the configured one, or else the embedded default's own key, generated once into
/// the data directory (readable by its owner only, never logged, and outside the repository).
/// </summary>
public sealed class SigningKeyProvider
{
    public const string FileName = "signing-key";
    private const int KeyBytes = 32;

    public SigningKeyProvider(IOptions<AuthOptions> auth, IOptions<DangjianOptions> dangjian)
    {
        var configured = auth.Value.SigningKey;
        var bytes = string.IsNullOrWhiteSpace(configured)
            ? LoadOrCreate(Path.Combine(dangjian.Value.FullDataDirectory, FileName))
            : Decode(configured, "Dangjian:Auth:SigningKey");
        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var created = RandomNumberGenerator.GetBytes(KeyBytes);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
                writer.Write(Convert.ToBase64String(created));
            return created;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (the server, or the token command) made it first: use theirs.
            return Decode(File.ReadAllText(path).Trim(), path);
        }
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The signing key in {source} is not base64.");
        }
        return bytes.Length >= KeyBytes ? bytes : throw new InvalidOperationException($"The signing key in {source} must be at least {KeyBytes} bytes.");
    }
}
