<?php

/**
 * POST /monogram/webhook: Monogram's signed status updates. Exempt from the form-key check,
 * which a server-to-server call cannot pass; the HMAC signature authenticates it instead.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Controller\Webhook;

use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\App\CsrfAwareActionInterface;
use Magento\Framework\App\Request\Http as HttpRequest;
use Magento\Framework\App\Request\InvalidRequestException;
use Magento\Framework\App\RequestInterface;
use Magento\Framework\Controller\Result\Json;
use Magento\Framework\Controller\Result\JsonFactory;
use Monogram\Personalisation\Model\Webhook\Answer;
use Monogram\Personalisation\Model\Webhook\EventProcessor;
use Monogram\Personalisation\Model\Webhook\Signature;
use Psr\Log\LoggerInterface;

class Index implements HttpPostActionInterface, CsrfAwareActionInterface
{
    public function __construct(
        private readonly HttpRequest $request,
        private readonly JsonFactory $jsonFactory,
        private readonly EventProcessor $processor,
        private readonly LoggerInterface $logger
    ) {
    }

    public function execute(): Json
    {
        try {
            $answer = $this->processor->handle(
                (string) $this->request->getContent(),
                (string) $this->request->getHeader(Signature::HEADER, '')
            );
        } catch (\Throwable $exception) {
            $this->logger->error('Monogram: webhook failed: ' . $exception->getMessage());
            // A 500 makes Monogram deliver again later.
            $answer = new Answer(500, 'could not process the event');
        }
        $result = $this->jsonFactory->create();
        $result->setHttpResponseCode($answer->status);
        $result->setData($answer->toArray());
        return $result;
    }

    public function createCsrfValidationException(RequestInterface $request): ?InvalidRequestException
    {
        return null;
    }

    public function validateForCsrf(RequestInterface $request): ?bool
    {
        return true;
    }
}
