using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Net;
using System.Text;

namespace Rekor.Core.Pki.X509;

/// <summary>
/// Reads a certificate's Subject Alternative Name extension (RFC 5280 §4.2.1.6) into the strings Rekor indexes, in
/// the order Go's <c>cryptoutils.GetSubjectAlternateNames</c> lists them: DNS names, email addresses, IP addresses,
/// URIs, then the Fulcio username OtherName (<c>1.3.6.1.4.1.57264.1.7</c>, UTF-8) if the extension holds exactly one
/// OtherName and it is that one. Other name forms (directory names, registered IDs, …) are not subjects.
/// </summary>
internal static class SubjectAlternativeNames
{
    public const string ExtensionOid = "2.5.29.17";

    /// <summary>The OtherName type Fulcio puts a username in; sigstore reads no other.</summary>
    public const string FulcioUsernameOid = "1.3.6.1.4.1.57264.1.7";

    private static readonly Asn1Tag OtherName = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Rfc822Name = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag DnsName = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag UniformResourceIdentifier = new(TagClass.ContextSpecific, 6);
    private static readonly Asn1Tag IpAddress = new(TagClass.ContextSpecific, 7);
    private static readonly Asn1Tag ExplicitValue = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>
    /// The subjects in one SAN extension value. Fails, as Go's certificate parser does, when a DNS name, email
    /// or URI is not IA5 (ASCII) or an IP address is neither 4 nor 16 bytes.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> extensionValue, [NotNullWhen(true)] out List<string>? subjects, [NotNullWhen(false)] out string? error)
    {
        subjects = null;
        var dnsNames = new List<string>();
        var emails = new List<string>();
        var ips = new List<string>();
        var uris = new List<string>();
        var otherNames = new List<string>();
        var otherNameUnreadable = false;
        try
        {
            var outer = new AsnReader(extensionValue, AsnEncodingRules.DER);
            var names = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(Rfc822Name) && !tag.IsConstructed)
                {
                    if (!TryReadAscii(names.ReadOctetString(Rfc822Name), out var email))
                    {
                        error = "x509: SAN rfc822Name is malformed";
                        return false;
                    }

                    emails.Add(email);
                }
                else if (tag.HasSameClassAndValue(DnsName) && !tag.IsConstructed)
                {
                    if (!TryReadAscii(names.ReadOctetString(DnsName), out var dns))
                    {
                        error = "x509: SAN dNSName is malformed";
                        return false;
                    }

                    dnsNames.Add(dns);
                }
                else if (tag.HasSameClassAndValue(UniformResourceIdentifier) && !tag.IsConstructed)
                {
                    if (!TryReadAscii(names.ReadOctetString(UniformResourceIdentifier), out var uri))
                    {
                        error = "x509: SAN uniformResourceIdentifier is malformed";
                        return false;
                    }

                    uris.Add(uri);
                }
                else if (tag.HasSameClassAndValue(IpAddress) && !tag.IsConstructed)
                {
                    var address = names.ReadOctetString(IpAddress);
                    if (address.Length is not (4 or 16))
                    {
                        error = $"x509: cannot parse IP address of length {address.Length}";
                        return false;
                    }

                    ips.Add(FormatIp(address));
                }
                else if (tag.HasSameClassAndValue(OtherName) && tag.IsConstructed)
                {
                    var value = names.ReadEncodedValue();
                    if (TryReadFulcioUsername(value, out var username))
                    {
                        otherNames.Add(username);
                    }
                    else
                    {
                        otherNameUnreadable = true;
                    }
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException e)
        {
            error = "x509: cannot parse the subject alternative name extension: " + e.Message;
            return false;
        }

        subjects = [.. dnsNames, .. emails, .. ips, .. uris];
        // sigstore ignores OtherNames unless there is exactly one and it is readable as a Fulcio username.
        if (!otherNameUnreadable && otherNames.Count == 1 && otherNames[0].Length > 0)
        {
            subjects.Add(otherNames[0]);
        }

        error = null;
        return true;
    }

    /// <summary>An OtherName <c>{ type-id OID, [0] EXPLICIT UTF8String }</c> of the Fulcio username type.</summary>
    private static bool TryReadFulcioUsername(ReadOnlyMemory<byte> encoded, [NotNullWhen(true)] out string? username)
    {
        username = null;
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.DER);
            var otherName = reader.ReadSequence(OtherName);
            var typeId = otherName.ReadObjectIdentifier();
            var wrapper = otherName.ReadSequence(ExplicitValue);
            var value = wrapper.ReadCharacterString(UniversalTagNumber.UTF8String);
            wrapper.ThrowIfNotEmpty();
            otherName.ThrowIfNotEmpty();
            if (typeId != FulcioUsernameOid)
            {
                return false;
            }

            username = value;
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static bool TryReadAscii(byte[] bytes, [NotNullWhen(true)] out string? text)
    {
        foreach (var b in bytes)
        {
            if (b > 0x7f)
            {
                text = null;
                return false;
            }
        }

        text = Encoding.ASCII.GetString(bytes);
        return true;
    }

    /// <summary>Go's <c>net.IP.String()</c>: dotted quad for IPv4 (also when written as IPv4-mapped IPv6), RFC 5952 for IPv6.</summary>
    private static string FormatIp(byte[] address)
    {
        var ip = new IPAddress(address);
        return ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString() : ip.ToString();
    }
}
