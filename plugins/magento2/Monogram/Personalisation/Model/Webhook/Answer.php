<?php

/**
 * The HTTP status and message the webhook endpoint answers with.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Webhook;

final class Answer
{
    public function __construct(
        public readonly int $status,
        public readonly string $message
    ) {
    }

    /** @return array{ok: bool, message: string} */
    public function toArray(): array
    {
        return ['ok' => $this->status < 300, 'message' => $this->message];
    }
}
