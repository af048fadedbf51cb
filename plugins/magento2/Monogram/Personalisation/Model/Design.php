<?php

/**
 * A shopper's saved design as the cart line carries it: the design id and the token that proves it.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

final class Design
{
    public function __construct(
        public readonly string $id,
        public readonly string $token
    ) {
    }
}
