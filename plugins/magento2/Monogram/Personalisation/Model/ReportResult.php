<?php

/**
 * The classified answer to one POST /v1/orders.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

final class ReportResult
{
    /** @param array<string, mixed>|null $body */
    public function __construct(
        public readonly ReportOutcome $outcome,
        public readonly int $httpStatus,
        public readonly ?array $body = null,
        public readonly ?string $error = null,
        public readonly ?int $retryAfter = null,
        public readonly bool $replayed = false
    ) {
    }

    public function isDone(): bool
    {
        return $this->outcome === ReportOutcome::Done;
    }

    public function monogramOrderId(): ?string
    {
        $id = $this->body['id'] ?? null;
        return is_string($id) ? $id : null;
    }

    /**
     * Lines Monogram accepted but will not produce (bad or foreign design token, …).
     *
     * @return list<array{platform_line_id: string, design: string, reason: string}>
     */
    public function flaggedLines(): array
    {
        $flagged = [];
        foreach ((array) ($this->body['lines'] ?? []) as $line) {
            if (is_array($line) && ($line['status'] ?? null) === 'flagged') {
                $flagged[] = [
                    'platform_line_id' => (string) ($line['platform_line_id'] ?? ''),
                    'design' => (string) ($line['design'] ?? ''),
                    'reason' => (string) ($line['flag_reason'] ?? ''),
                ];
            }
        }
        return $flagged;
    }

    /** One line for logs and the queue's last_error column. */
    public function summary(): string
    {
        if ($this->error !== null) {
            return $this->httpStatus > 0 ? sprintf('HTTP %d: %s', $this->httpStatus, $this->error) : $this->error;
        }
        return sprintf('HTTP %d', $this->httpStatus);
    }
}
