<?php
/**
 * Where one order report ended: sent, queued for retry, kept as failed, or not sent at all.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class ReportOutcome
{
    public const DONE = 'done';
    public const SKIPPED = 'skipped';
    public const ERROR = 'error';

    /**
     * @param string               $state   done, skipped, error, or a ReportQueue status
     * @param array<string, mixed> $payload what was (or would have been) sent
     */
    public function __construct(
        public readonly string $state,
        public readonly array $payload,
        public readonly ?ApiResult $result = null,
        public readonly string $error = '',
    ) {
    }

    public function isDone(): bool
    {
        return $this->state === self::DONE;
    }

    /**
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        return [
            'state' => $this->state,
            'sent' => $this->payload,
            'http_status' => $this->result?->status,
            'replayed' => $this->result?->isReplay() ?? false,
            'response' => $this->result?->body,
            'error' => $this->error !== '' ? $this->error : ($this->result?->error ?? ''),
        ];
    }
}
