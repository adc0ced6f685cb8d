using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Roll;

/// <summary>The secret keys that sign (and optionally encrypt) cookie values: the newest signs, every one verifies, so keys can be rotated.</summary>
/// <remarks>
/// Each secret is stretched with HKDF-SHA256 into a signing key (HMAC-SHA256) and an encryption key (AES-256-GCM). A
/// value is sealed as base64url of <c>version · expiry · data · tag</c>: the expiry (Unix seconds, 0 for none) and the
/// cookie's name are covered by the tag, so a value cannot be moved to another cookie or made to live longer. A value
/// that does not open with any key, is malformed or has expired reads as absent.
/// </remarks>
public sealed class KeyRing
{
    /// <summary>The environment variable <see cref="FromEnvironment"/> reads: secrets separated by commas, newest first.</summary>
    public const string EnvironmentVariable = "ROLL_SECRET_KEYS";

    /// <summary>The fewest characters a secret may have.</summary>
    public const int MinimumSecretLength = 32;

    private const byte Signed = 1;
    private const byte Encrypted = 2;
    private const int HeaderSize = 1 + sizeof(long);
    private const int MacSize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly (byte[] Sign, byte[] Encrypt)[] _keys;

    /// <summary>Makes a key ring from secrets, newest first: the first signs, all verify.</summary>
    public KeyRing(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var keys = new List<(byte[], byte[])>();
        foreach (var secret in secrets)
        {
            if (secret is null || secret.Trim().Length < MinimumSecretLength)
            {
                throw new ArgumentException(
                    $"A secret key must have at least {MinimumSecretLength} characters; make one with 'openssl rand -base64 32'.", nameof(secrets));
            }
            var bytes = Encoding.UTF8.GetBytes(secret.Trim());
            keys.Add((HKDF.DeriveKey(HashAlgorithmName.SHA256, bytes, 32, info: "roll cookie signing"u8.ToArray()),
                HKDF.DeriveKey(HashAlgorithmName.SHA256, bytes, 32, info: "roll cookie encryption"u8.ToArray())));
        }
        if (keys.Count == 0)
        {
            throw new ArgumentException("A key ring needs at least one secret key.", nameof(secrets));
        }
        _keys = [.. keys];
    }

    /// <summary>The number of keys; the first signs.</summary>
    public int Count => _keys.Length;

    /// <summary>Makes a key ring from <c>ROLL_SECRET_KEYS</c> (secrets separated by commas, newest first); throws, saying what to do, when it is not set.</summary>
    public static KeyRing FromEnvironment() => FromVariable(Environment.GetEnvironmentVariable(EnvironmentVariable));

    internal static KeyRing FromVariable(string? value)
    {
        var secrets = (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (secrets.Length == 0)
        {
            throw new InvalidOperationException(
                $"No secret key to sign cookies with: set {EnvironmentVariable} to one or more secrets of at least {MinimumSecretLength} "
                + "characters, newest first, separated by commas (make one with 'openssl rand -base64 32'), or pass them to app.SignedCookies(...).");
        }
        return new KeyRing(secrets);
    }

    /// <summary>Seals <paramref name="value"/> for the cookie <paramref name="name"/> with the newest key: signed, or signed and encrypted.</summary>
    public string Protect(string name, string value, DateTimeOffset? expires = null, bool encrypt = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var data = Encoding.UTF8.GetBytes(value);
        var (signKey, encryptKey) = _keys[0];
        var sealedSize = encrypt ? NonceSize + data.Length + TagSize : data.Length + MacSize;
        var token = new byte[HeaderSize + sealedSize];
        token[0] = encrypt ? Encrypted : Signed;
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(1), expires?.ToUnixTimeSeconds() ?? 0);
        var associated = Associated(name, token.AsSpan(0, HeaderSize));
        if (encrypt)
        {
            var nonce = token.AsSpan(HeaderSize, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(encryptKey, TagSize);
            aes.Encrypt(nonce, data, token.AsSpan(HeaderSize + NonceSize, data.Length), token.AsSpan(token.Length - TagSize), associated);
        }
        else
        {
            data.CopyTo(token.AsSpan(HeaderSize));
            HMACSHA256.HashData(signKey, [.. associated, .. data], token.AsSpan(HeaderSize + data.Length));
        }
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Opens a value sealed by <see cref="Protect"/> for the cookie <paramref name="name"/>; null when it was tampered with, sealed with an unknown key or for another cookie, or has expired.</summary>
    public string? Unprotect(string name, string? token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrEmpty(token) || token.Length > 8 * 1024)
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length < HeaderSize || bytes[0] is not (Signed or Encrypted))
        {
            return null;
        }
        var expires = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        if (expires != 0 && expires <= now.ToUnixTimeSeconds())
        {
            return null;
        }
        var associated = Associated(name, bytes.AsSpan(0, HeaderSize));
        return bytes[0] == Encrypted ? Decrypt(bytes, associated) : Verify(bytes, associated);
    }

    private string? Verify(byte[] bytes, byte[] associated)
    {
        if (bytes.Length < HeaderSize + MacSize)
        {
            return null;
        }
        var data = bytes.AsSpan(HeaderSize, bytes.Length - HeaderSize - MacSize);
        var mac = bytes.AsSpan(bytes.Length - MacSize);
        Span<byte> expected = stackalloc byte[MacSize];
        byte[] signed = [.. associated, .. data];
        foreach (var (signKey, _) in _keys)
        {
            HMACSHA256.HashData(signKey, signed, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, mac))
            {
                return Decode(data);
            }
        }
        return null;
    }

    private string? Decrypt(byte[] bytes, byte[] associated)
    {
        if (bytes.Length < HeaderSize + NonceSize + TagSize)
        {
            return null;
        }
        var nonce = bytes.AsSpan(HeaderSize, NonceSize);
        var cipher = bytes.AsSpan(HeaderSize + NonceSize, bytes.Length - HeaderSize - NonceSize - TagSize);
        var tag = bytes.AsSpan(bytes.Length - TagSize);
        var plain = new byte[cipher.Length];
        foreach (var (_, encryptKey) in _keys)
        {
            using var aes = new AesGcm(encryptKey, TagSize);
            try
            {
                aes.Decrypt(nonce, cipher, tag, plain, associated);
                return Decode(plain);
            }
            catch (AuthenticationTagMismatchException)
            {
            }
        }
        return null;
    }

    private static string? Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // The cookie's name, a zero byte, then the header: what the tag covers besides the data.
    private static byte[] Associated(string name, ReadOnlySpan<byte> header) => [.. Encoding.UTF8.GetBytes(name), 0, .. header];
}
