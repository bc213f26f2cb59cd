using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// E-mail over SMTP with MailKit: one connection per message, so a dropped connection costs one message's attempt and
/// nothing is left half-open between batches. UTF-8 headers and body (Chinese subjects are RFC 2047 encoded).
/// </summary>
public sealed class EmailSender(IOptionsMonitor<NotificationOptions> options, ILogger<EmailSender> logger) : IMessageSender
{
    public MessageChannel Channel => MessageChannel.Email;

    public bool IsConfigured => options.CurrentValue.Email.IsConfigured;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue.Email;
        if (!o.IsConfigured)
        {
            return SendResult.Retry("e-mail is not configured");
        }

        if (!MailboxAddress.TryParse(message.Recipient, out var to))
        {
            return SendResult.Permanent("not a valid e-mail address");
        }

        var mime = Build(o, to, message);
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(o.TimeoutSeconds).TotalMilliseconds };
        if (o.AcceptInvalidCertificate)
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }

        try
        {
            await client.ConnectAsync(o.Host!, o.Port, Socket(o.Security), ct);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            }

            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(quit: true, ct);
            return SendResult.Ok;
        }
        catch (SmtpCommandException ex)
        {
            logger.LogWarning("SMTP refused outbox message {MessageId}: {StatusCode} {ErrorCode}", message.Id, (int)ex.StatusCode, ex.ErrorCode);
            var text = $"SMTP {(int)ex.StatusCode}: {Short(ex.Message)}";
            // 5xx is the server's final word about this recipient or message; 4xx (mailbox busy, greylisting) may pass later.
            return (int)ex.StatusCode >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted
                ? SendResult.Permanent(text)
                : SendResult.Retry(text);
        }
        catch (ServiceNotAuthenticatedException ex)
        {
            // 530: the server wants AUTH, or STARTTLS first (Notifications:Email:Security).
            return SendResult.Retry("SMTP server requires authentication or STARTTLS: " + Short(ex.Message));
        }
        catch (AuthenticationException ex)
        {
            logger.LogWarning("SMTP authentication failed for outbox message {MessageId}", message.Id);
            return SendResult.Retry("SMTP authentication failed: " + Short(ex.Message));
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or SslHandshakeException or ServiceNotConnectedException or TimeoutException)
        {
            logger.LogWarning("SMTP connection problem for outbox message {MessageId}: {Error}", message.Id, ex.GetType().Name);
            return SendResult.Retry("SMTP connection: " + Short(ex.Message));
        }
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    internal static MimeMessage Build(EmailOptions o, MailboxAddress to, OutboxMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(o.From!));
        mime.To.Add(to);
        mime.Subject = message.Subject ?? "";
        // A stable Message-ID per outbox row: a receiving system that deduplicates by it drops a resent duplicate.
        mime.MessageId = $"outbox-{message.Id}@{Domain(o.From!)}";
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }

    private static string Domain(string from)
    {
        var address = MailboxAddress.Parse(from).Address;
        var at = address.LastIndexOf('@');
        return at >= 0 ? address[(at + 1)..] : "registrycheck.local";
    }

    private static string Short(string text) => text.Length > 200 ? text[..200] : text;
}
